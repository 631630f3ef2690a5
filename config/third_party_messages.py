"""Messages of other packages that ship no Swedish translation of them: django-simple-history's
admin pages, Django's own empty choice of a select (new in 6.1) and django-filter's ordering.

Listing them here puts them in the project's catalog (locale/sv), which Django consults before
an app's own; the translation test then holds them to the same standard as ours.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

SIMPLE_HISTORY = [
    gettext_noop("View history: %s"),
    gettext_noop("Change history: %s"),
    gettext_noop('The %(name)s "%(obj)s" was changed successfully.'),
    gettext_noop("You may edit it again below"),
    gettext_noop("View %s"),
    gettext_noop("Revert %s"),
    gettext_noop("Created"),
    gettext_noop("Changed"),
    gettext_noop("Deleted"),
    gettext_noop("Deleted %(type_name)s"),
    gettext_noop(
        "Choose a date from the list below to revert to a previous version of this object."
    ),
    gettext_noop("This object doesn't have a change history."),
    gettext_noop("Home"),
    gettext_noop("History"),
    gettext_noop("View %(verbose_name)s"),
    gettext_noop("Revert %(verbose_name)s"),
    gettext_noop("Press the 'Revert' button below to revert to this version of the object."),
    gettext_noop("Press the 'Change History' button below to edit the history."),
    gettext_noop("Object"),
    gettext_noop("Date/time"),
    gettext_noop("Comment"),
    gettext_noop("Changed by"),
    gettext_noop("Change reason"),
    gettext_noop("Changes"),
    gettext_noop("None"),
    gettext_noop("Revert"),
    gettext_noop("Change History"),
    gettext_noop("Close"),
    gettext_noop("View on site"),
    ngettext_lazy("entry", "entries", "count"),
]

# Django 6.1's label of the empty choice of a model field's select (BLANK_CHOICE_LABEL).
DJANGO = [gettext_noop("- Select an option -")]

# django-filter's OrderingFilter labels. A filter built from field_labels gets them once, at
# import, in the site's language (so Swedish at least); to follow the reader's language, give
# the choices in full (followups/public/filters.py does).
DJANGO_FILTER = [gettext_noop("%s (descending)"), gettext_noop("Ordering")]
