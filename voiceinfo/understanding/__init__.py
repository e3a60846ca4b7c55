"""Understanding: the content, what people say, and which part of it answers them."""
