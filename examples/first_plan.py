"""Build a titration plan and print it: the first thing to try with ldn."""

import datetime as dt

import ldn

plan = ldn.titrate(
    start="1.5", step="1.5", interval_days=14, target="4.5", start_date=dt.date(2026, 12, 1)
)
liquid = ldn.OralLiquid.from_tablet()

print("Plan under policy:", plan.policy.name)
for step in plan.steps:
    last = "onwards" if step.last_day is None else f"to {plan.date_of(step.last_day)}"
    print(f"  {step.dose:>8}  from {plan.date_of(step.first_day)} {last}")
print("Capsules:", plan.instruction_text())
print("Liquid:  ", plan.instruction_text(liquid.label))
window = plan.review_window
print(f"Review efficacy between {window.first_date} and {window.last_date}.")
