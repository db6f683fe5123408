// The admin's login: posts the form to /login (Spring Security's form login) with the CSRF token,
// shows the problem on failure, and goes to /admin on success.

import { ApiError, request } from './api.js';

const form = document.getElementById('login');
const message = document.getElementById('login-message');

function say(text) {
  message.dataset.kind = 'error';
  message.textContent = text;
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const username = form.elements.username.value.trim();
  const password = form.elements.password.value;
  if (!username || !password) {
    say('Enter your user name and password.');
    (username ? form.elements.password : form.elements.username).focus();
    return;
  }
  const button = form.querySelector('button[type="submit"]');
  button.disabled = true;
  message.textContent = '';
  try {
    // On success the server redirects to /admin; fetch follows it and we go there too.
    await request('POST', '/login', {
      body: new URLSearchParams({ username, password }),
      contentType: 'application/x-www-form-urlencoded',
    });
    location.assign('/admin');
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      say(error.problem.detail || 'Wrong user name or password.');
      form.elements.password.select();
      form.elements.password.focus();
    } else if (error instanceof ApiError && error.status === 429) {
      // Too many failed logins from here: the problem says for how long.
      say(error.problem.detail || 'Too many failed logins. Try again later.');
    } else if (error instanceof ApiError && error.status === 403) {
      say('The page was open too long. Reload it and sign in again.');
    } else {
      say('The shop could not be reached. Try again.');
    }
  } finally {
    button.disabled = false;
  }
});
