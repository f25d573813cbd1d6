"""The Textual editor and review screens; imports core, never the other way round."""
