"""The desk in the browser: staff pages and counter screens, one module per page. Every button
calls the same transition function as the API (fulfillment.services, orders.services)."""
