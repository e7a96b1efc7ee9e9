// replaced by the search implementation
