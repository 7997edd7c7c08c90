"""The counter screen never hides a number: with up to 60 open pickups every number is fully
visible at 1920×1080 and 1080×1920; Ready is never smaller than Preparing; past what fits the
oldest Preparing numbers fold into one "+N" while Ready stays complete."""

import pytest

from tests import factories

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SCREENS = {
    "landscape": {"width": 1920, "height": 1080},
    "portrait": {"width": 1080, "height": 1920},
}

LAYOUT = """
() => {
  function visible(el) {
    const r = el.getBoundingClientRect(), list = el.parentElement.getBoundingClientRect();
    return !el.hidden && r.width > 0 && r.top >= list.top - 1 && r.bottom <= list.bottom + 1 &&
      r.left >= list.left - 1 && r.right <= list.right + 1 && r.bottom <= innerHeight + 1 &&
      r.right <= innerWidth + 1;
  }
  function digits(el) {
    const style = getComputedStyle(el), ctx = document.createElement("canvas").getContext("2d");
    ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const m = ctx.measureText("0");
    return m.actualBoundingBoxAscent + m.actualBoundingBoxDescent;
  }
  const of = (col) => Array.from(document.querySelectorAll(`.${col} .number[data-key]`));
  const more = document.querySelector(".preparing .more");
  const shown = (col) => of(col).filter(visible);
  const size = (col) => (of(col).length ? parseFloat(getComputedStyle(of(col)[0]).fontSize) : 0);
  const digit = (col) => (of(col).length ? digits(of(col)[0]) : 0);
  return {
    preparing: of("preparing").length, ready: of("ready").length,
    preparingShown: shown("preparing").map((el) => el.dataset.key),
    preparingAll: of("preparing").map((el) => el.dataset.key),
    readyShown: shown("ready").length,
    hiddenButNotFolded: of("preparing").filter((el) => !el.hidden && !visible(el)).length,
    more: more && !more.hidden ? more.textContent : "",
    moreVisible: !!more && !more.hidden && visible(more),
    preparingSize: size("preparing"), readySize: size("ready"),
    preparingDigits: digit("preparing"), readyDigits: digit("ready"),
  };
}
"""


def layout(page, organization, *, open_pickups: int, screen: str, ready_every: int = 2) -> dict:
    factories.many_pickups(organization, open_pickups, ready_every=ready_every)
    display = factories.display(organization)
    page.set_viewport_size(SCREENS[screen])
    page.goto(display.get_absolute_url())
    page.wait_for_function(
        f"document.querySelectorAll('.number[data-key]').length === {open_pickups}"
    )
    page.wait_for_function(  # laid out by desk.js
        "document.querySelector('.counter').style.getPropertyValue('--preparing-share') !== ''"
    )
    return page.evaluate(LAYOUT)


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("ready_every", [2, 1, 10_000])  # half ready, all ready, none ready
def test_60_open_numbers_are_all_fully_visible(page, organization, screen, ready_every):
    seen = layout(page, organization, open_pickups=60, screen=screen, ready_every=ready_every)
    assert seen["more"] == ""
    assert len(seen["preparingShown"]) == seen["preparing"]
    assert seen["readyShown"] == seen["ready"]
    if seen["ready"] and seen["preparing"]:
        assert seen["readySize"] >= seen["preparingSize"]


@pytest.mark.parametrize("screen", SCREENS)
def test_90_open_numbers_fold_the_oldest_preparing_into_plus_n(page, organization, screen):
    seen = layout(page, organization, open_pickups=90, screen=screen)
    assert seen["readyShown"] == seen["ready"] == 45
    assert seen["hiddenButNotFolded"] == 0
    if seen["more"]:
        folded = int(seen["more"].lstrip("+"))
        assert seen["moreVisible"]
        assert folded + len(seen["preparingShown"]) == seen["preparing"]
        # The oldest fold: what is shown is the newest, in order.
        assert seen["preparingShown"] == seen["preparingAll"][folded:]
    else:
        assert len(seen["preparingShown"]) == seen["preparing"]
    assert seen["readySize"] >= seen["preparingSize"]


@pytest.mark.parametrize("ready_every", [2, 10_000])
def test_up_to_20_numbers_are_at_least_100_px_tall_at_1920_by_1080(page, organization, ready_every):
    seen = layout(page, organization, open_pickups=20, screen="landscape", ready_every=ready_every)
    assert seen["more"] == ""
    for column in ("preparing", "ready"):
        if seen[column]:
            assert seen[f"{column}Digits"] >= 100, seen
