-- The agency directory operators keep (`npm run ops -- agencies import FILE`).
-- An applicant can pick their agency from it, and an agency picked from it is
-- notified at its notification_email: an address the service trusts, unlike
-- one only the applicant typed.
CREATE TABLE agencies (
  -- stable across imports: an import matches agencies by name_key
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (name <> '' AND length(name) <= 200),
  -- the name lower-cased with its spaces collapsed: no two agencies share a name,
  -- since an applicant could not tell them apart in the list
  name_key text NOT NULL UNIQUE CHECK (name_key <> ''),
  -- one of the journey's agency types (src/journeys/irm/vocabulary.ts agencyTypes)
  type text NOT NULL CHECK (type IN ('local-authority', 'independent-fostering-agency', 'voluntary-adoption-agency', 'regional-adoption-agency')),
  notification_email text NOT NULL CHECK (length(notification_email) BETWEEN 3 AND 254 AND position('@' IN notification_email) > 1),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
