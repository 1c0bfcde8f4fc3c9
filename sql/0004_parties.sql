-- 0004: counterparties (clients and suppliers) and their contact people (DESIGN.md, Parties).
-- Requisites are checked by the service with their check digits; the table keeps the shapes as
-- named CHECKs so a bug upstream can never store garbage. Every constraint is named.

CREATE TABLE parties (
    id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT parties_pkey PRIMARY KEY,
    kind text NOT NULL CONSTRAINT parties_kind_known CHECK (kind IN ('company', 'person')),
    name text NOT NULL
        CONSTRAINT parties_name_length CHECK (char_length(name) BETWEEN 1 AND 300),
    is_client boolean NOT NULL DEFAULT false,
    is_supplier boolean NOT NULL DEFAULT false,
    inn text NULL CONSTRAINT parties_inn_format CHECK (inn ~ '^([0-9]{10}|[0-9]{12})$'),
    kpp text NULL CONSTRAINT parties_kpp_format CHECK (kpp ~ '^[0-9]{4}[0-9A-Z]{2}[0-9]{3}$'),
    ogrn text NULL CONSTRAINT parties_ogrn_format CHECK (ogrn ~ '^([0-9]{13}|[0-9]{15})$'),
    address text NULL,
    bank_bic text NULL CONSTRAINT parties_bank_bic_format CHECK (bank_bic ~ '^04[0-9]{7}$'),
    bank_account text NULL CONSTRAINT parties_bank_account_format CHECK (bank_account ~ '^[0-9]{20}$'),
    bank_name text NULL,
    bank_corr_account text NULL
        CONSTRAINT parties_bank_corr_account_format CHECK (bank_corr_account ~ '^[0-9]{20}$'),
    phones text[] NOT NULL DEFAULT '{}',
    emails text[] NOT NULL DEFAULT '{}',
    tags text[] NOT NULL DEFAULT '{}',
    -- The manager who owns the client; a manager without all_clients sees only their own.
    owner_id bigint NULL CONSTRAINT parties_owner_id_fkey REFERENCES users (id),
    archived boolean NOT NULL DEFAULT false,
    version bigint NOT NULL DEFAULT 1 CONSTRAINT parties_version_positive CHECK (version > 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
-- One card per INN and KPP (a company's branches share the INN with different KPPs).
CREATE UNIQUE INDEX parties_inn_kpp_key ON parties (inn, coalesce(kpp, '')) WHERE inn IS NOT NULL;
CREATE INDEX parties_name_trgm_idx ON parties USING gin (name gin_trgm_ops);
CREATE INDEX parties_owner_id_idx ON parties (owner_id);
CREATE INDEX parties_tags_idx ON parties USING gin (tags);

-- Contact people at a party.
CREATE TABLE party_contacts (
    id bigint GENERATED ALWAYS AS IDENTITY CONSTRAINT party_contacts_pkey PRIMARY KEY,
    party_id bigint NOT NULL CONSTRAINT party_contacts_party_id_fkey REFERENCES parties (id),
    name text NOT NULL
        CONSTRAINT party_contacts_name_length CHECK (char_length(name) BETWEEN 1 AND 200),
    position text NULL,
    phones text[] NOT NULL DEFAULT '{}',
    emails text[] NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX party_contacts_party_id_idx ON party_contacts (party_id);
