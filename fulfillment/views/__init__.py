"""The desk in the browser: staff pages and counter screens. Every button calls the same
transition function as the API (fulfillment.services, orders.services)."""
