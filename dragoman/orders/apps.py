from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "dragoman.orders"
    label = "orders"
    verbose_name = "Orders"

    def ready(self) -> None:
        from dragoman.core import openwork
        from dragoman.orders.selectors import open_orders_of

        # A contact who still owns open orders cannot be removed (PRODUCT.md §1).
        openwork.register("orders", open_orders_of)
        from dragoman.core import panels
        from dragoman.orders.dashboard import dashboard_context

        panels.register_context("dashboard", dashboard_context)
