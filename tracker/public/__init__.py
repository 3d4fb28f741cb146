"""The requester's side of the app (issue 19): the council's own request form, the status page
a requester follows with a secret code, the clerk's spam mark and urgency decision, and the
public request API's service functions. No login anywhere under /public/."""
