"""The web app's routes, one module per page family; web/app.py assembles them."""
