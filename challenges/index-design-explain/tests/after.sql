-- Statistics for the planner, taken after your indexes exist (expression indexes get their own).
analyze;
