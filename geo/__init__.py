"""Pure-Python core of the Peru Trafficking Atlas: data, geography, builders. Never imports streamlit."""
