"""The Streamlit dashboard: rendering only; all data logic lives in the `geo` package."""
