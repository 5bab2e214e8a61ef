/// Domain's inputs and outputs are files read and written by Formats, and its problems are Formats' `InputIssue`s:
/// importing Domain brings them too, so Persistence, Web and the CLI need not import Formats for them.
@_exported import Formats
