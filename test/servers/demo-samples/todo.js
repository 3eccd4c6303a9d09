const list = document.querySelector('#todos');
const form = document.querySelector('#new-todo');

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const title = form.elements.title.value.trim();
  if (!title) return;
  const item = document.createElement('li');
  const checkbox = Object.assign(document.createElement('input'), { type: 'checkbox' });
  checkbox.addEventListener('change', () => item.classList.toggle('done', checkbox.checked));
  item.append(checkbox, ` ${title}`);
  list.append(item);
  form.reset();
});
