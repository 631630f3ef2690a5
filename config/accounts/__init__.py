"""Signing in and out under /konto/: the login, the password, sessions (sessions.py), single
sign-on (oidc.py) and the second factor (second_factor.py). Their login signals are connected in
config/apps.py; the links to single sign-on identities are the model
situations.models.ExternalIdentity."""
