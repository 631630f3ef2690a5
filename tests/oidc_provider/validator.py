import re

from oauth2_provider.oauth2_validators import OAuth2Validator

# The application's callback on any local port (the live server's changes per run).
CALLBACK = re.compile(r"^http://(127\.0\.0\.1|localhost|testserver)(:\d+)?/konto/sso/tillbaka/$")


class Validator(OAuth2Validator):
    def get_additional_claims(self, request):
        user = request.user
        return {
            "email": user.email,
            # A user in the group "unverified" has an address the provider has not checked.
            "email_verified": not user.groups.filter(name="unverified").exists(),
            "name": user.get_full_name(),
        }

    def validate_redirect_uri(self, client_id, redirect_uri, request, *args, **kwargs):
        return bool(CALLBACK.match(redirect_uri))
