from ninja import Router

router = Router(tags=["tasks"])
inbox_router = Router(tags=["inbox"])
