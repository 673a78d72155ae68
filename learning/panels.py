def dashboard_learning(request, _obj):
    return None
