"""The domain as plain typed data, one module per concept: applicants (``applicants``), class
specifications (``specs``) and decisions (``decisions``). Nothing here reads a file or decides."""
