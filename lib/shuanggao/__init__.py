"""Data, validation, figures and runner of the Double High Plan mid-term research book."""
from .dataset import Dataset, find_data_dir, load
from .problems import DataValidationError, DataWarning, Problem

__all__ = ["Dataset", "DataValidationError", "DataWarning", "Problem", "find_data_dir", "load"]
