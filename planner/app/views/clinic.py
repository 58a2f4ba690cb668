"""Clinic & rules page: opening days and hours, price and budget, and every rule parameter."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from planner.app import state
from planner.app.widgets import commit, date_list_editor, field_bounds, plan_dict, setting_help
from planner.constraints import REGISTRY
from planner.limits import MAX_BUDGET
from planner.plan import WEEKDAYS, Clinic, Plan, Rules, Weights
from planner.render import block_settings_lines, rule_lines

DEFAULT_CLINIC = Clinic()


def clinic_help(name: str) -> str:
    return setting_help(f"clinic.{name}", getattr(DEFAULT_CLINIC, name))[1]


st.title("Clinic & rules")
st.caption(
    "The value shown is the value in force. Every rule starts at its default from DOMAIN.md; "
    "the help (?) beside each names the rule and the source article behind the default."
)

plan = state.plan()
data = plan_dict()
clinic = plan.clinic

st.subheader("Clinic")
left, right = st.columns(2)
with left:
    data["clinic"]["name"] = st.text_input("Clinic name", clinic.name, key=state.key("clinic_name"))
    data["clinic"]["open_weekdays"] = st.multiselect(
        "Open days",
        list(WEEKDAYS),
        default=clinic.open_weekdays,
        key=state.key("open_weekdays"),
        help=clinic_help("open_weekdays"),
    )
    hours = st.columns(2)
    data["clinic"]["opens"] = hours[0].time_input(
        "Opens", clinic.opens, key=state.key("opens"), help=clinic_help("opens")
    )
    data["clinic"]["closes"] = hours[1].time_input(
        "Closes", clinic.closes, key=state.key("closes"), help=clinic_help("closes")
    )
    fixed = st.checkbox(
        "Fixed appointment time",
        clinic.appointment_time is not None,
        key=state.key("fixed_time"),
        help="With a time, the calendar export has timed events; without, all-day events.",
    )
    data["clinic"]["appointment_time"] = (
        st.time_input(
            "Appointment time", clinic.appointment_time or dt.time(9, 0), key=state.key("appt_time")
        )
        if fixed
        else None
    )
with right:
    data["clinic"]["appointment_minutes"] = st.number_input(
        "Appointment minutes",
        *(int(b) for b in field_bounds(Clinic, "appointment_minutes")),
        clinic.appointment_minutes,
        key=state.key("appt_minutes"),
        help=clinic_help("appointment_minutes"),
    )
    money = st.columns(2)
    data["clinic"]["price"] = money[0].number_input(
        "Price per session",
        *(float(b) for b in field_bounds(Clinic, "price")),
        float(clinic.price),
        step=5.0,
        key=state.key("price"),
        help=clinic_help("price"),
    )
    data["clinic"]["currency"] = money[1].text_input("Currency", clinic.currency, key=state.key("currency"))
    limit = st.checkbox(
        "Budget limit",
        plan.budget is not None,
        key=state.key("budget_on"),
        help=setting_help("budget", Plan.model_fields["budget"].default)[1],
    )
    data["budget"] = (
        st.number_input(
            "Budget",
            *(float(b) for b in field_bounds(Plan, "budget")),
            float(plan.budget if plan.budget is not None else min(4 * clinic.price, MAX_BUDGET)),
            step=10.0,
            key=state.key("budget"),
        )
        if limit
        else None
    )
    data["clinic"]["capacity"] = st.number_input(
        "Capacity per day",
        *(int(b) for b in field_bounds(Clinic, "capacity")),
        clinic.capacity,
        key=state.key("capacity"),
        help=clinic_help("capacity"),
    )
st.markdown("**Closed dates**")
closed = date_list_editor(
    "Closed", clinic.closed_dates, key=state.key("closed_dates"), help=clinic_help("closed_dates")
)
if set(closed) != set(clinic.closed_dates):
    data["clinic"]["closed_dates"] = closed


def rule_inputs(model: type[Rules] | type[Weights], values: dict, path: str, key_prefix: str) -> list[str]:
    """One input per field of the model, labelled, with its default and source; returns changed names.

    The label and help come from the rules that read the setting (`planner.constraints`).
    """
    changed = []
    columns = st.columns(2)
    names = [n for n, f in model.model_fields.items() if f.annotation in (int, bool)]
    for index, name in enumerate(names):
        field = model.model_fields[name]
        label, help_text = setting_help(f"{path}{name}", field.default)
        label = f"{label} ({name})"
        key = state.key(f"{key_prefix}{name}")
        with columns[index % 2]:
            if field.annotation is bool:
                values[name] = st.checkbox(label, values[name], key=key, help=help_text)
            else:
                low, high = field_bounds(model, name)
                values[name] = st.number_input(
                    label, int(low), int(high), int(values[name]), step=1, key=key, help=help_text
                )
        if values[name] != field.default:
            changed.append(f"{name} = {values[name]} (default {field.default})")
    return changed


st.subheader("Rules")
rule_changes = rule_inputs(Rules, data["rules"], "", "rule_")
with st.expander("Soft-rule weights (how much each preference counts)"):
    weight_changes = rule_inputs(Weights, data["rules"]["weights"], "weights.", "weight_")
with st.expander("Every rule in words, with the values in force"):
    for line in rule_lines(REGISTRY.listed(), plan.rules):
        st.markdown(f"- {line.strip()}")
own_blocks = block_settings_lines(plan)
if own_blocks:
    # A season's blocks may set their own counts, trial and gap settings (plan file `blocks:`).
    st.info("Blocks with their own settings (the plan file's `blocks:`): " + "; ".join(own_blocks))

changes = rule_changes + weight_changes
if changes:
    st.info("Changed from the defaults: " + "; ".join(changes))
else:
    st.caption("All rules are at their DOMAIN.md defaults.")
if changes and st.button("Reset all rules to defaults", key="reset_rules"):
    data["rules"] = Rules().model_dump()

if commit(data, rebuild_widgets=data["rules"] == Rules().model_dump() and bool(changes)):
    st.rerun()
