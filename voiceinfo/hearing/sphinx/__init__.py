"""The built-in engine: pocketsphinx with a language model of the content's phrasings."""
