// Demo wallet front end.
document.querySelector('h1').textContent = 'Demo wallet (audit me)';
