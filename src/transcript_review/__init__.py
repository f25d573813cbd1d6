"""transcript-review: correct unofficial webcast transcripts with a versioned YAML sidecar."""

__version__ = "0.1.0"
