// Settled conflicts: the chief's choice is kept on the server, so a conflict settled on the
// tablet is not offered again on the phone. Append-only like every step.

export const sql = /* sql */ `
ALTER TABLE conflicts ADD COLUMN settled_at timestamptz;
ALTER TABLE conflicts ADD COLUMN settled_by text;
ALTER TABLE conflicts ADD COLUMN settlement text CHECK (settlement IN ('keep', 'take'));
`;
