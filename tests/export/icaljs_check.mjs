// Parse .ics files with ical.js (the library behind Thunderbird and Nextcloud) and print what it
// read, as JSON, for tests/export/test_icaljs.py to compare with the exporter's own view.
//
//   node tests/export/icaljs_check.mjs ICALJS_DIR FILE...
//
// ICALJS_DIR is the ical.js package folder scripts/test.sh installs (.node/node_modules/ical.js).
// Every VTIMEZONE is registered first, so a TZID without its zone would show up as floating.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [icaljsDir, ...files] = process.argv.slice(2);
const ICAL = (await import(pathToFileURL(join(icaljsDir, "dist", "ical.js")).href)).default;

const out = {};
for (const file of files) {
  const calendar = new ICAL.Component(ICAL.parse(readFileSync(file, "utf8")));
  for (const zone of calendar.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(zone);
  }
  out[file] = calendar.getAllSubcomponents("vevent").map((vevent) => {
    const event = new ICAL.Event(vevent);
    return {
      uid: event.uid,
      start: event.startDate.toString(),
      zone: event.startDate.isDate ? "date" : event.startDate.zone.tzid,
      utc: event.startDate.isDate ? null : event.startDate.toUnixTime(),
      status: vevent.getFirstPropertyValue("status"),
      sequence: event.sequence,
      summary: event.summary,
      alarms: vevent.getAllSubcomponents("valarm").length,
    };
  });
  ICAL.TimezoneService.reset();
}
process.stdout.write(JSON.stringify(out));
