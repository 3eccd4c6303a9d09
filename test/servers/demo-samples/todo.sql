CREATE TABLE todos (
  id         INTEGER PRIMARY KEY,
  title      TEXT    NOT NULL CHECK (length(trim(title)) > 0),
  done       INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1)),
  created_at TEXT    NOT NULL DEFAULT CURRENT_TIMESTAMP
);

INSERT INTO todos (title) VALUES ('Write tests'), ('Ship it');
UPDATE todos SET done = 1 WHERE title = 'Ship it';

SELECT id, title
FROM todos
WHERE done = 0
ORDER BY created_at;
