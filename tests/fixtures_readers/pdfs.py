"""PDF fixtures made with other tools: LibreOffice (DOCX -> PDF, 'LibreOffice-style'), WeasyPrint
(HTML -> PDF) and by hand (raw PDF syntax)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_with_soffice(files: dict[str, bytes], target: str, workdir: Path) -> dict[str, bytes]:
    """Convert several files in one LibreOffice call (HOME and profile in a temporary folder)."""
    exe = soffice()
    assert exe is not None
    src = workdir / "src"
    out = workdir / "out"
    src.mkdir(parents=True, exist_ok=True)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, data in files.items():
        p = src / name
        p.write_bytes(data)
        paths.append(str(p))
    with tempfile.TemporaryDirectory() as home:
        subprocess.run([exe, "--headless", "--norestore", f"-env:UserInstallation=file://{home}/profile",
                        "--convert-to", target, "--outdir", str(out), *paths],
                       check=True, capture_output=True, timeout=240, env={"HOME": home, "PATH": "/usr/bin:/bin"})
    return {name: (out / (Path(name).stem + "." + target.split(":")[0])).read_bytes() for name in files}


def weasy_pdf(html: str) -> bytes:
    import weasyprint

    result = weasyprint.HTML(string=html).write_pdf()
    assert result is not None
    return bytes(result)


def raw_pdf(objects: list[bytes], trailer_extra: bytes = b"") -> bytes:
    """A PDF from numbered object bodies (1 0 obj … endobj) with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R ".encode() + trailer_extra + \
        f">>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def encrypted_pdf() -> bytes:
    """A one-page PDF protected by a user password (standard security handler, RC4 40-bit)."""
    o = b"<" + b"4a" * 32 + b">"
    u = b"<" + b"7b" * 32 + b">"
    return raw_pdf(
        [b"<< /Type /Catalog /Pages 2 0 R >>",
         b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
         b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
         b"<< /Filter /Standard /V 1 /R 2 /O " + o + b" /U " + u + b" /P -44 >>"],
        b"/Encrypt 4 0 R /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>] ",
    )


def many_pages_pdf(n: int) -> bytes:
    kids = " ".join(f"{3 + i} 0 R" for i in range(n))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", f"<< /Type /Pages /Kids [{kids}] /Count {n} >>".encode()]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"] * n
    return raw_pdf(objects)


def image_only_pdf() -> bytes:
    """A 'scanned' page: one grey image, no text."""
    side = 64
    pixels = bytes((x * 3 + y * 5) % 256 for y in range(side) for x in range(side))
    stream = b"q 500 0 0 700 50 70 cm /Im1 Do Q"
    return raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /Im1 5 0 R >> >> "
        b"/Contents 4 0 R >>",
        f"<< /Length {len(stream)} >>\nstream\n".encode() + stream + b"\nendstream",
        f"<< /Type /XObject /Subtype /Image /Width {side} /Height {side} /ColorSpace /DeviceGray "
        f"/BitsPerComponent 8 /Length {len(pixels)} >>\nstream\n".encode() + pixels + b"\nendstream",
    ])
