"""The forgiving filter form (directory/forms.py): a shared URL with values the directory
does not know still shows a page, keeps what it can use and says what it left out."""

from django import forms
from django.http import QueryDict

from directory.forms import MAX_VALUES_PER_PARAM, ListingForm


class KindForm(ListingForm):
    q = forms.CharField(required=False, max_length=10)
    kind = forms.MultipleChoiceField(
        required=False, choices=[("university", "University"), ("company", "Company")]
    )
    year = forms.IntegerField(required=False, min_value=1800, max_value=2100)
    sort = forms.ChoiceField(required=False, choices=[("name", "Name"), ("newest", "Newest")])


def form_for(query):
    form = KindForm(QueryDict(query))
    form.is_valid()
    return form


def test_unknown_choices_are_dropped_and_listed_while_known_ones_stay():
    form = form_for("kind=university&kind=castle&sort=loudest")
    assert form.cleaned_data["kind"] == ["university"]
    assert form.ignored == [("kind", "castle"), ("sort", "loudest")]
    assert form.query() == "kind=university"


def test_a_value_a_field_rejects_is_listed_and_left_out_of_the_query():
    form = form_for("year=abc&kind=company")
    assert "year" not in form.cleaned_data
    assert form.ignored == [("year", "abc")]
    assert form.query() == "kind=company"


def test_values_are_trimmed_deduplicated_capped_and_the_last_single_value_wins():
    many = "&".join(["kind=university"] * 3 + ["kind=+company+"] + ["q=a", "q=%00robot%00"])
    form = form_for(many)
    assert form.data.getlist("kind") == ["university", "company"]
    assert form.cleaned_data["q"] == "robot"
    flood = KindForm(QueryDict("&".join(f"kind=x{i}" for i in range(100))))
    assert len(flood.ignored) == MAX_VALUES_PER_PARAM


def test_text_is_cut_to_the_fields_length_instead_of_refused():
    form = form_for("q=" + "z" * 50)
    assert form.cleaned_data["q"] == "z" * 10
    assert form.ignored == []


def test_unknown_parameters_are_dropped_silently_and_sorting_comes_last():
    form = form_for("sort=newest&utm_source=mail&kind=company")
    assert form.ignored == []
    assert form.query() == "kind=company&sort=newest"


def test_a_plain_dict_is_accepted_as_well_as_a_query_dict():
    form = KindForm({"kind": ["company", "university"], "year": "1999"})
    assert form.is_valid()
    assert form.cleaned_data == {
        "q": "",
        "kind": ["company", "university"],
        "year": 1999,
        "sort": "",
    }
