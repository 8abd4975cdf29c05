"""Writers: the report model back into documents in the national layout."""
