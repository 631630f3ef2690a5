"""Promises entered in the browser on their own pages, as a coordinator would."""


def add_activity_with_the_browser(page, index: int, title: str, party: str) -> None:
    """On a promise's page, open the blank activity INDEX if it is closed and fill it in."""
    field = page.locator(f"[name='activities-{index}-title']")
    if not field.is_visible():
        page.locator(f"details:has([name='activities-{index}-title']) > summary").click()
    field.fill(title)
    page.select_option(f"[name='activities-{index}-responsible_party']", party)


def add_promise_with_the_browser(page, owner: str, text: str, activities=(), party="") -> None:
    """From a charter's list of promises, add a promise of OWNER with TEXT and ACTIVITIES (by
    PARTY, else the owner) on its own page, and come back to the list."""
    page.get_by_role("link", name="Lägg till ett löfte").click()
    page.get_by_role("heading", name="Nytt löfte").wait_for()
    page.select_option("[name='promise-owner']", owner)
    page.fill("[name='promise-text']", text)
    for index, title in enumerate(activities):
        add_activity_with_the_browser(page, index, title, party or owner)
    page.get_by_role("button", name="Spara löftet och dess aktiviteter").click()
    page.get_by_text("Löftet är tillagt.").wait_for()
    page.get_by_role("link", name="Alla löften i medborgarlöftet").click()
    page.get_by_role("heading", name="Löften och aktiviteter").wait_for()
