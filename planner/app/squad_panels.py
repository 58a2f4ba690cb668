"""The Squad page's panels: open a sample or a squad file, build a squad from runners' files, and
the clinic's settings, closed days and own calendar. Files are read by `planner.squad.build` and
`planner.squad.files`; a bad file shows one line naming it and the squad stays as it was.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st
from pydantic import ValidationError

from planner.app import squad_state
from planner.app.squad_actions import edit
from planner.app.state import MAX_UPLOAD_BYTES, MAX_UPLOAD_MB, notify
from planner.dates import long_date
from planner.errors import PlannerInputError, validation_message
from planner.plan import WEEKDAYS
from planner.squad import edits
from planner.squad.build import (
    clinic_bookings,
    new_squad,
    runners_from_files,
    squad_from_upload,
)
from planner.squad.model import SquadClinic

SQUAD_TYPES = ["yaml", "yml", "json", "zip"]
RUNNER_TYPES = ["yaml", "yml", "json", "ics", "csv"]
# A zipped squad folder holds every runner's file: it may be larger than one plan.
MAX_SQUAD_UPLOAD_MB = 4 * MAX_UPLOAD_MB


def _refuse(error: PlannerInputError) -> None:
    """One line naming the file, shown at the top of the page; the squad stays as it was."""
    squad_state.set_error(f"{error} The squad is unchanged.")
    st.rerun()


def _too_big(name: str, data: bytes, limit_mb: int) -> bool:
    if len(data) <= limit_mb * 1024 * 1024:
        return False
    _refuse(
        PlannerInputError(
            f"file is {len(data) / 1024 / 1024:.1f} MB; the limit is {limit_mb} MB", source=name
        )
    )
    return True


def open_panel() -> None:
    """A bundled sample, or a squad file (or its zipped folder)."""
    sample_tab, file_tab, build_tab = st.tabs(["Sample squad", "Squad file", "Build from runners' files"])
    with sample_tab:
        label = st.selectbox("Sample", list(squad_state.SAMPLE_SQUADS), key="squad_sample")
        if st.button("Open sample squad", key="open_squad_sample", type="primary"):
            from planner.squad.files import load_squad

            try:
                loaded = load_squad(squad_state.sample_path(label))
            except PlannerInputError as error:
                _refuse(error)
            else:
                loaded.source = f"sample_plans/{squad_state.SAMPLE_SQUADS[label]}"
                squad_state.replace_loaded(loaded)
                notify("success", f"Opened the sample squad: {loaded.squad.name}.")
                st.rerun()
    with file_tab:
        squad_file_upload()
    with build_tab:
        build_panel()


def squad_file_upload() -> None:
    st.caption(
        "A squad file (.yaml, .json) with its runners written inline (the app's own download is one), "
        f"or the squad's folder as a .zip: its squad.yaml and the files it names. Up to {MAX_SQUAD_UPLOAD_MB} MB."
    )
    force = st.checkbox(
        "Plan a runner whose race lies more than 4 weeks from their training (usually a wrong year)",
        key="squad_force",
    )
    uploaded = st.file_uploader("Squad file", type=SQUAD_TYPES, key="squad_upload")
    if uploaded is None or not squad_state.first_time(uploaded.file_id):
        return
    data = uploaded.getvalue()
    if _too_big(uploaded.name, data, MAX_SQUAD_UPLOAD_MB):
        return
    try:
        loaded = squad_from_upload(uploaded.name, data, force=force)
    except PlannerInputError as error:
        _refuse(error)
        return
    squad_state.replace_loaded(loaded)
    notify(
        "success",
        f"Opened {uploaded.name}: {len(loaded.squad.runners)} runners at {loaded.squad.clinic.name}.",
    )
    st.rerun()


def build_panel() -> None:
    """Several runners' plans or calendars: a new squad, or more runners for this one."""
    current = squad_state.squad()
    st.caption(
        "Each runner's plan file (.yaml, .json) or the training calendar they keep (.ics feed, CSV "
        f"export), up to {MAX_UPLOAD_MB} MB each. Set the clinic below once the squad is built."
    )
    cols = st.columns(2)
    name = cols[0].text_input("Squad name", "My squad", key="squad_build_name")
    zone = cols[1].text_input(
        "Clinic timezone",
        current.clinic.timezone if current is not None else "",
        key="squad_build_zone",
        placeholder="the runners' own",
        help="An IANA name such as Europe/Dublin: a calendar that names no timezone is read in it.",
    )
    files = st.file_uploader(
        "Runners' plans or calendars", type=RUNNER_TYPES, accept_multiple_files=True, key="squad_runner_files"
    )
    force = st.checkbox("Plan a runner whose race lies far from their training", key="squad_build_force")
    buttons = st.columns(2)
    build = buttons[0].button("Build a new squad", key="squad_build", disabled=not files)
    add = buttons[1].button("Add to this squad", key="squad_add", disabled=not files or current is None)
    if not (build or add):
        return
    pairs = [(f.name, f.getvalue()) for f in files]
    too_big = next(((n, d) for n, d in pairs if len(d) > MAX_UPLOAD_BYTES), None)
    if too_big is not None and _too_big(too_big[0], too_big[1], MAX_UPLOAD_MB):
        return
    try:
        read = runners_from_files(pairs, clinic_timezone=zone.strip() or None, force=force)
        imports = {item.runner.name: item.report for item in read.runners if item.report is not None}
        if build:
            clinic = _new_clinic(zone.strip(), read.squad_runners)
            built = new_squad(name.strip() or "Squad", clinic, read.squad_runners)
            squad_state.replace(built, f"{len(pairs)} uploaded files", imports=imports)
            notify(
                "success", f"Built {built.name}: {len(built.runners)} runners. Set the clinic, then optimize."
            )
        else:
            assert current is not None
            squad_state.commit(edits.add_runners(current, read.squad_runners))
            notify("success", f"Added {len(read.runners)} runner(s). Optimize again to plan them.")
    except PlannerInputError as error:
        _refuse(error)
        return
    st.rerun()


def _new_clinic(zone: str, runners: list) -> SquadClinic:
    """DOMAIN.md's default clinic, in the timezone given or the runners' common one."""
    zones = sorted({runner.plan.athlete.timezone for runner in runners})
    if not zone and len(zones) > 1:
        raise PlannerInputError(
            f"the runners are in {len(zones)} timezones ({', '.join(zones[:4])}): give the clinic's"
        )
    try:
        return SquadClinic(timezone=zone or (zones[0] if zones else "UTC"))
    except ValidationError as error:
        raise PlannerInputError(f"clinic: {validation_message(error)}") from None


# ---- the clinic ----------------------------------------------------------------------------------------
def clinic_panel() -> None:
    squad = squad_state.squad()
    assert squad is not None
    clinic = squad.clinic
    with st.form(squad_state.key("squad_clinic_form")):
        cols = st.columns(3)
        fields = {
            "name": cols[0].text_input("Clinic name", clinic.name),
            "address": cols[1].text_input("Address", clinic.address),
            "timezone": cols[2].text_input("Timezone (IANA)", clinic.timezone),
            "open_weekdays": st.multiselect("Open on", list(WEEKDAYS), default=list(clinic.open_weekdays)),
        }
        cols = st.columns(4)
        fields["opens"] = cols[0].time_input("Opens", clinic.opens, step=900)
        fields["closes"] = cols[1].time_input("Closes", clinic.closes, step=900)
        fields["appointment_minutes"] = cols[2].number_input(
            "Appointment (minutes)", 5, 240, clinic.appointment_minutes, step=5
        )
        fields["clinicians"] = cols[3].number_input(
            "Clinicians", 1, 100, clinic.clinicians, help="Appointments that run at the same time."
        )
        cols = st.columns(2)
        fields["price"] = cols[0].number_input("Price a session", 0.0, 100_000.0, float(clinic.price))
        fields["currency"] = cols[1].text_input("Currency", clinic.currency)
        saved = st.form_submit_button("Save clinic")
    if saved:
        try:
            new = SquadClinic.model_validate({**dict(clinic), **fields})
        except ValidationError as error:
            st.error(f"Not saved: {validation_message(error)}")
        else:
            edit(edits.set_clinic, new, message="Clinic saved.")
    closed_days(squad)
    bookings_panel(squad)


def closed_days(squad) -> None:
    st.markdown("**Closed days**")
    for day in squad.clinic.closed_dates:
        cols = st.columns([4, 1])
        cols[0].markdown(f":material/block: {long_date(day)}")
        if cols[1].button("Reopen", key=f"squad_reopen-{day}"):
            edit(edits.reopen_day, day, message=f"{long_date(day)} is open again.")
    cols = st.columns([2, 2])
    from planner.squad.week import squad_span

    span = squad_span(squad)
    day = cols[0].date_input(
        "Day",
        span[0] if span else dt.date.today(),
        key="squad_close_day",
        min_value=span[0] if span else None,
    )
    with cols[1]:
        st.write("")
        if st.button("Close the clinic on this day", key="squad_close"):
            edit(edits.close_day, day, message=f"The clinic is closed on {long_date(day)}.")


def bookings_panel(squad) -> None:
    st.markdown(f"**Bookings already in the clinic's calendar**: {len(squad.clinic.bookings)}")
    uploaded = st.file_uploader(
        "The clinic's calendar (.ics): its appointments replace these bookings",
        type=["ics"],
        key="squad_bookings",
    )
    if uploaded is not None and squad_state.first_time(uploaded.file_id):
        data = uploaded.getvalue()
        if _too_big(uploaded.name, data, MAX_UPLOAD_MB):
            return
        try:
            found, notes = clinic_bookings(squad, uploaded.name, data)
            edited = edits.set_bookings(squad, found)
        except PlannerInputError as error:
            _refuse(error)
            return
        squad_state.commit(edited, notes=notes)
        notify("success", f"{notes[0]}. Optimize again to plan around them.")
        st.rerun()
    if squad.clinic.bookings and st.button("Clear the bookings", key="squad_clear_bookings"):
        edit(edits.set_bookings, [], message="Bookings cleared.")
