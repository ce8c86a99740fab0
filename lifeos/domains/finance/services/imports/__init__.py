"""CSV bank import: preview a file against a mapping, then commit it all or nothing.

decoding (encoding, delimiter, limits) → mapping (rows: dates, amounts, texts) → dedupe
(bank id, fingerprint, near matches) → commit (one unit of work). saved: the mapping per account.
"""
