"""Problem documents: `about:blank` with the status phrase as title, and a listed code."""

import json

from core.error_codes import ProblemCode
from core.problems import Conflict, NotFound, Problem, Unprocessable, problem_response


def test_a_problem_is_about_blank_with_the_status_phrase_and_its_code():
    response = problem_response(Unprocessable("no", code=ProblemCode.UNKNOWN_PRODUCT))
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert json.loads(response.content) == {
        "type": "about:blank",
        "title": "Unprocessable Entity",
        "status": 422,
        "detail": "no",
        "code": "UNKNOWN_PRODUCT",
    }


def test_a_problem_without_a_code_takes_the_code_of_its_status():
    assert NotFound("gone").code == ProblemCode.NOT_FOUND
    assert Problem("bug", status=500).code == ProblemCode.INTERNAL_ERROR


def test_a_conflict_names_its_code():
    assert Conflict("in use", code=ProblemCode.ITEM_IN_USE).body()["code"] == "ITEM_IN_USE"


def test_every_code_is_its_own_name():
    assert all(code.value == code.name for code in ProblemCode)


def test_the_openapi_document_lists_every_code(client):
    schema = client.get("/api/openapi.json").json()
    problem = schema["components"]["schemas"]["Problem"]
    listed = problem["properties"]["code"]
    if "$ref" in listed:
        listed = schema["components"]["schemas"][listed["$ref"].rsplit("/", 1)[-1]]
    assert set(listed["enum"]) == {code.value for code in ProblemCode}
