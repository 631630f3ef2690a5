from followups.models import FollowUp
from tests.followups.factories import FollowUpFactory, ReviewFactory
from tests.promises.factories import CharterFactory


def test_a_charter_factory_gives_a_police_area_covering_its_municipality(db):
    charter = CharterFactory()
    charter.full_clean()
    assert charter.police_area.municipalities.filter(pk=charter.municipality_id).exists()


def test_follow_up_factories_stay_within_one_charter(db):
    review = ReviewFactory()
    review.follow_up.full_clean()
    promise_follow_up = FollowUpFactory(for_promise=True)
    promise_follow_up.full_clean()
    assert promise_follow_up.activity is None
    assert FollowUp.objects.count() == 2


def test_world_builds(world):
    assert world.police_area.municipalities.get() == world.municipality
