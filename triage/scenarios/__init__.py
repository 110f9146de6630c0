"""Clinical scenarios: the pure checks (`checks`), the tests/scenarios/ file format (`files`) and
runs of the saved scenarios against the knowledge (`runs`)."""
