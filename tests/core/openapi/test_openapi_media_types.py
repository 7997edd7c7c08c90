"""The published schema declares the media type error responses are really sent with."""

from desk.api import api


def test_every_problem_response_is_declared_as_application_problem_json(client):
    schema = client.get("/api/openapi.json").json()
    problem_responses = 0
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for code, response in operation["responses"].items():
                content = response.get("content", {})
                refs = {body.get("schema", {}).get("$ref") for body in content.values()}
                if "#/components/schemas/Problem" in refs:
                    problem_responses += 1
                    assert list(content) == ["application/problem+json"], (method, path, code)
    assert problem_responses > 0


def test_a_403_is_sent_with_the_declared_media_type(client, db):
    schema = api.get_openapi_schema()
    declared = schema["paths"]["/api/org/{org-id}/products"]["get"]["responses"]["403"]
    response = client.get("/api/org/shop/products")
    assert response.status_code == 403
    assert response["Content-Type"].split(";")[0] in declared["content"]


def test_an_operation_with_a_validated_path_parameter_declares_400(client, db):
    schema = client.get("/api/openapi.json").json()
    product = schema["paths"]["/api/org/{org-id}/products/{product-id}"]
    for method in ("get", "delete"):
        assert "400" in product[method]["responses"], method
        declared = product[method]["responses"]["400"]["content"]
        assert list(declared) == ["application/problem+json"]
    health = schema["paths"]["/api/health"]["get"]["responses"]
    assert "400" not in health


def test_an_overlong_product_id_is_the_declared_400(api):
    response = api.get("/products/" + "x" * 300)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
