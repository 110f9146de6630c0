"""Clinical scenarios: the pure checks (`checks`) and figures (`evaluation`), the tests/scenarios/
file format (`files`) and runs of the saved scenarios against the knowledge (`runs`)."""
