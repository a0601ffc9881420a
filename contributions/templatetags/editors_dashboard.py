from django import template

from contributions.dashboard import dashboard

register = template.Library()


@register.simple_tag(takes_context=True)
def editors_dashboard(context):
    return dashboard(context["request"].user)
