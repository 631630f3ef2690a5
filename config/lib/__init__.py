"""Project-wide infrastructure beside the apps, as healthchecks keeps hc/lib/.

The public page cache, history and restore, version tokens and the edit-conflict routine, the
rate limit, the backup, the request log and the abstract base models. It imports no app
(tests/test_layout.py reads every module here to make sure), so every app may import it.
"""
