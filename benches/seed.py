"""Seeds a Reacties database for the benchmark: readers with live sessions, an
article with 200 reactions in threads, one with 10,000, and an empty one to post to.

Usage: seed.py DATABASE COOKIE_FILE
Writes one session cookie value per line to COOKIE_FILE (64 writers, each with
reactions in the articles), the author's session cookie value to
COOKIE_FILE.author, and that of a reader who has written nothing to COOKIE_FILE.reader.
"""
import hashlib
import os
import sqlite3
import sys
import time

db, cookie_file = sys.argv[1], sys.argv[2]
con = sqlite3.connect(db)
now = int(time.time())
writers = 64

con.execute("UPDATE settings SET premoderation = 'none'")
fake_hash = "bench-zonder-wachtwoord"
fingerprint = hashlib.sha256(fake_hash.encode()).hexdigest()
cookies = []
user_ids = []
for n in range(writers):
    cur = con.execute(
        "INSERT INTO users (username, username_key, password_hash, role, created_at, trusted)"
        " VALUES (?, ?, ?, 'reader', ?, 1)",
        (f"lezer{n}", f"lezer{n}", fake_hash, now - 86400),
    )
    user_ids.append(cur.lastrowid)
    token = os.urandom(32).hex()
    con.execute(
        "INSERT INTO sessions (token_hash, user_id, password_fp, created_at, expires_at)"
        " VALUES (?, ?, ?, ?, ?)",
        (hashlib.sha256(token.encode()).hexdigest(), cur.lastrowid, fingerprint, now, now + 30 * 86400),
    )
    cookies.append(token)

TEXT = (
    "Herkenbaar verhaal. Ik zeg ook te vaak *JA* tegen klanten, en merk dat het "
    "me meer kost dan het oplevert. Vooral punt 7 raakt me: een echte JA is waardevoller."
)


def thread(slug, replies, created):
    """One top-level reaction with `replies` replies nested up to three levels."""
    author = user_ids[created % writers]
    cur = con.execute(
        "INSERT INTO reactions (article_slug, user_id, body_source, body_html, status, created_at)"
        " VALUES (?, ?, ?, ?, 'approved', ?)",
        (slug, author, TEXT, f"<p>{TEXT}</p>", created),
    )
    root = cur.lastrowid
    parent = root
    for r in range(replies):
        cur = con.execute(
            "INSERT INTO reactions (article_slug, user_id, parent_id, root_id, body_source, body_html,"
            " status, created_at) VALUES (?, ?, ?, ?, ?, ?, 'approved', ?)",
            (slug, user_ids[(created + r + 1) % writers], parent, root, TEXT, f"<p>{TEXT}</p>", created + r + 1),
        )
        # Alternate between answering the thread and answering the last reply.
        parent = cur.lastrowid if r % 2 == 0 else root


start = now - 30 * 86400
# 200 reactions: 50 threads of 4.
for t in range(50):
    thread("zeven-redenen-voor-nee", 3, start + t * 100)
# 10,000 reactions: 2,500 threads of 4, so 50 pages of 50 threads.
for t in range(2500):
    thread("grote-draad", 3, start + t * 10)
con.commit()
con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
con.close()
with open(cookie_file, "w") as f:
    f.write("\n".join(cookies) + "\n")

# The author, and a reader who only reads, each with a session.
con = sqlite3.connect(db)
for name, role, suffix in (("Olaf_Rutten", "author", ".author"), ("Stille_Lezer", "reader", ".reader")):
    cur = con.execute(
        "INSERT INTO users (username, username_key, password_hash, role, created_at)"
        " VALUES (?, ?, ?, ?, ?)",
        (name, name.lower(), fake_hash, role, now - 86400),
    )
    token = os.urandom(32).hex()
    con.execute(
        "INSERT INTO sessions (token_hash, user_id, password_fp, created_at, expires_at)"
        " VALUES (?, ?, ?, ?, ?)",
        (hashlib.sha256(token.encode()).hexdigest(), cur.lastrowid, fingerprint, now, now + 30 * 86400),
    )
    with open(cookie_file + suffix, "w") as f:
        f.write(token + "\n")
con.commit()
con.close()
