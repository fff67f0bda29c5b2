"""The demo corpus: realistic, entirely fictional records for tests and benchmarks.

`corpus` draws records from the vocabulary in `words` and writes them with `yaml_writer`.
"""

from generator.demo.corpus import write_demo_corpus

__all__ = ["write_demo_corpus"]
