"""Pure domain logic: role assessments, their validation and the AIJRI formula."""
