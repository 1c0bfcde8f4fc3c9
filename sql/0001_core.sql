-- 0001: the extensions every later migration may rely on.
-- pgcrypto: crypt()/gen_salt('bf') for passwords, digest() for token hashes, gen_random_bytes().
-- pg_trgm: fuzzy search over names (Cyrillic included).
CREATE EXTENSION IF NOT EXISTS pgcrypto;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
