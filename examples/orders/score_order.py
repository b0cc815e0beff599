"""Example local function: scores one order (runs as a long-lived worker via sfn_function.py)."""


def handler(event, context):
    amount = float(event["amount"])
    tier = "gold" if amount >= 400 else "silver" if amount >= 100 else "bronze"
    return {"orderId": int(event["order_id"]), "region": event["region"], "amount": amount,
            "tier": tier}
