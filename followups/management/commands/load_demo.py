"""`manage.py load_demo [--national]`: the demo charters, demo users and national data."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config.lib import cache
from followups.demo import est, national
from followups.demo.seeds import load_seeds, settle_seed_statuses
from followups.demo.survey import load_survey
from followups.demo.users import LoadedUser, load_users


class Command(BaseCommand):
    help = _(
        "Load the demo: the citizen promises of Säffle 2017 and Essunga 2021 and one demo user "
        "per role. With --national, also generate charters for every municipality. Safe to run "
        "again: it updates the demo data instead of adding to it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--national",
            action="store_true",
            help=_(
                "Also generate data at national scale: a local police area for every "
                "municipality, and charters, promises, activities and follow-ups for several "
                "years."
            ),
        )
        parser.add_argument(
            "--years",
            type=int,
            default=national.DEFAULT_YEARS,
            help=_("With --national: how many years, up to this one (default %(default)s)."),
        )
        parser.add_argument(
            "--municipalities",
            type=int,
            default=None,
            help=_("With --national: only the first N municipalities by code (default all)."),
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=national.DEFAULT_SEED,
            help=_("With --national: the seed of the random generator (default %(default)s)."),
        )

    def handle(self, *args, **options) -> None:
        started = time.perf_counter()
        with transaction.atomic():
            charters = load_seeds()
            survey = load_survey()
            result = None
            if options["national"]:
                today_year = timezone.localdate().year
                result = national.generate_national(
                    years=range(today_year - options["years"] + 1, today_year + 1),
                    municipality_limit=options["municipalities"],
                    seed=options["seed"],
                )
                settle_seed_statuses()
            # The demo reporter reports for an organisation, which must be there first.
            est.load_est_organisation()
            users = load_users()
            observations = est.load_est()
            walk = est.load_safety_walk()
            # Bulk writes send no signals: invalidate every cached public page explicitly.
            cache.bump_everything()
        elapsed = time.perf_counter() - started

        for charter in charters:
            charter.refresh_from_db()
            self.stdout.write(
                _("Loaded %(title)s of %(municipality)s (%(status)s, %(promises)d promises).")
                % {
                    "title": charter.title,
                    "municipality": charter.municipality,
                    "status": charter.get_status_display(),
                    "promises": charter.promises.count(),
                }
            )
        self.stdout.write(_("EST: %(count)d observations in Essunga.") % {"count": observations})
        if walk is not None:
            self.stdout.write(
                _("Safety walk: %(activity)s, %(findings)d findings.")
                % {"activity": walk.activity.title, "findings": walk.findings.count()}
            )
        self.stdout.write(
            _("Loaded the open survey %(title)s of %(municipality)s (%(count)d answers).")
            % {
                "title": survey.title,
                "municipality": survey.municipality,
                "count": survey.responses.count(),
            }
        )
        if result:
            self.write_national(result)
        self.stdout.write(_("Finished in %(seconds).1f s.") % {"seconds": elapsed})
        self.write_users(users)

    def write_national(self, result: national.NationalResult) -> None:
        self.stdout.write(_("Generated national data:"))
        rows = [
            (_("municipalities"), result.municipalities),
            (_("municipalities without a local police area"), result.without_police_area),
            (_("situation reports"), result.situation_reports),
            (_("findings"), result.findings),
            (_("prioritised problems"), result.problems),
            (_("citizen promises"), result.charters),
            (_("promises"), result.promises),
            (_("promises that answer no prioritised problem"), result.unlinked_promises),
            (_("activities"), result.activities),
            (_("follow-up rounds"), result.rounds),
            (_("follow-ups"), result.follow_ups),
        ]
        for label, count in rows:
            self.stdout.write(f"  {label}: {count}")

    def write_users(self, users: list[LoadedUser]) -> None:
        self.stdout.write(_("Demo users (username, password, role):"))
        width = max(len(user.username) for user in users)
        password_width = max(len(user.password) for user in users)
        for user in users:
            if user.membership is None:
                role = _("superuser")
            else:
                role = f"{user.membership.get_role_display()}, {user.membership.scope}"
            self.stdout.write(
                f"  {user.username:<{width}}  {user.password:<{password_width}}  {role}"
            )
