"""Web plumbing shared by the views: forms, error answers, the access policy, downloads,
request hooks and template helpers. Areas' views use it; operations never do."""
