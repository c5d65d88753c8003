"""A learner answering the open question in Chromium, by mouse or by keyboard alone, right at
once or after a slip; the same for a gallery card and the SCORM player."""

from explainer.content.questions import Question


def wrong_response(q: Question) -> str:
    """A wrong answer to a graded question: another choice, or a number outside the tolerance."""
    if q.kind == "choice":
        return next(c for c in q.choices if c != q.answer)
    assert q.value is not None
    return f"{q.value + 2 * q.tolerance + 1:g}"


def right_response(q: Question) -> str:
    """The right answer as a learner types or picks it (a number with a true minus sign)."""
    return q.answer if q.kind == "choice" else f"{q.value:g}".replace("-", "−")


def answer(overlay, q: Question, *responses: str, go_on: bool = True) -> None:
    """Answers the question shown, by mouse: a recall question with "got it"; a graded one with
    ``responses`` given in turn (default: the right one); then Continue."""
    assert overlay.locator(".prompt").text_content() == q.prompt
    if q.kind == "recall":
        overlay.locator("button.show").click()
        overlay.locator("button.got").click()
    for response in responses or ((right_response(q),) if q.graded else ()):
        if q.kind == "choice":
            overlay.get_by_role("button", name=response, exact=True).click()
        else:
            overlay.locator("input").fill(response)
            overlay.locator("button.check").click()
    if go_on:
        overlay.locator("button.continue").click()


def focus_on(page, text):
    for _ in range(30):
        if page.evaluate("document.activeElement.textContent") == text:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"no focusable {text!r}")


def answer_by_keys(page, overlay, q: Question, words, wrong_first: bool) -> None:
    """Answers the question shown with the keyboard alone, ending with the focus on Continue
    (not pressed): recall shown and rated; a choice found with Tab; a number typed."""
    assert overlay.locator(".prompt").text_content() == q.prompt
    if q.kind == "recall":
        assert page.evaluate("document.activeElement.className") == "show"
        page.keyboard.press("Enter")  # show answer
        page.keyboard.press("Enter")  # got it
    elif q.kind == "choice":
        if wrong_first:
            focus_on(page, wrong_response(q))
            page.keyboard.press("Enter")
            assert overlay.locator(".feedback").text_content() == words["wrong"]
        focus_on(page, q.answer)
        page.keyboard.press("Enter")
    else:
        assert page.evaluate("document.activeElement.tagName") == "INPUT"
        if wrong_first:
            page.keyboard.type(wrong_response(q))
            page.keyboard.press("Enter")
            assert overlay.locator(".feedback").text_content() == words["wrong_number"]
            page.keyboard.press("Control+A")
        page.keyboard.type(right_response(q))
        page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.className") == "continue"
