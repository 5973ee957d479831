"""Full-text book search: a stored, weighted ``tsvector`` per book plus trigram spelling correction."""
