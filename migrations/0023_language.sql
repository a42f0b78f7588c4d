-- The language of the interface (not of the articles, which say their own):
-- 'nl' (the original) or 'en'. A reader may choose the other one (a cookie set
-- only when they do), and with accept_language = 1 a reader's browser
-- (Accept-Language) chooses for readers who did not.
ALTER TABLE settings ADD COLUMN language TEXT NOT NULL DEFAULT 'nl' CHECK (language IN ('nl', 'en'));
ALTER TABLE settings ADD COLUMN accept_language INTEGER NOT NULL DEFAULT 0 CHECK (accept_language IN (0, 1));
